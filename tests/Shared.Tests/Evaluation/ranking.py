#!/usr/bin/env python3
"""Reproduces the offline evaluator's ranking numbers from outside, through `Admin.Api score-answers`.

  python3 tests/Shared.Tests/Evaluation/ranking.py expand > answers.jsonl      # labelled set -> score-answers input
  dotnet src/Admin.Api/bin/Release/net10.0/Admin.Api.dll score-answers < answers.jsonl > scores.jsonl
  python3 tests/Shared.Tests/Evaluation/ranking.py report scores.jsonl          # pairwise accuracy, per category and language
"""
import collections, json, os, sys

SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "labelled-answers.json")
KINDS = ["strong", "partial", "wrong", "off_topic", "injected"]
PAIRS = [("strong", "partial"), ("partial", "wrong"), ("strong", "wrong"), ("partial", "off_topic")]


def expand(labelled):
    for q in labelled:
        for kind in KINDS:
            print(json.dumps({"id": f"{q['id']}/{kind}", "question": q["question"], "expected_answer": q["expected_answer"],
                              "keywords": q["keywords"], "answer": q[kind], "language": q["language"], "kind": "verbal"}, ensure_ascii=False))


def report(labelled, scores_path):
    scores = {}
    with open(scores_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if "error" in row:
                sys.exit(f"{row['id']}: {row['error']}")
            scores[row["id"]] = row["score"]
    by_category, by_language, total, injected_above = collections.Counter(), collections.Counter(), [0, 0], []
    for q in labelled:
        s = {k: scores[f"{q['id']}/{k}"] for k in KINDS}
        for better, worse in PAIRS:
            ok = s[better] > s[worse]
            by_category[(f"{better} > {worse}", ok)] += 1
            by_language[(q["language"], ok)] += 1
            total[0] += ok
            total[1] += 1
        if s["injected"] > s["partial"]:
            injected_above.append(q["id"])
    for name in [f"{b} > {w}" for b, w in PAIRS]:
        ok, n = by_category[(name, True)], by_category[(name, True)] + by_category[(name, False)]
        print(f"{name:22} {ok}/{n} = {ok / n:.1%}")
    for lang in sorted({q["language"] for q in labelled}):
        ok, n = by_language[(lang, True)], by_language[(lang, True)] + by_language[(lang, False)]
        print(f"{lang:22} {ok}/{n}")
    print(f"{'all pairs':22} {total[0]}/{total[1]} = {total[0] / total[1]:.1%}")
    print(f"{'injected > partial':22} {len(injected_above)} of {len(labelled)} {injected_above}")


if __name__ == "__main__":
    with open(SET, encoding="utf-8") as f:
        labelled = json.load(f)
    if sys.argv[1:2] == ["expand"]:
        expand(labelled)
    elif sys.argv[1:2] == ["report"] and len(sys.argv) == 3:
        report(labelled, sys.argv[2])
    else:
        sys.exit(__doc__)
