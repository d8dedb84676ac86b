// The code editor for coding questions: CodeMirror 6 with the question's language highlighted, Tab indenting
// (Esc then Tab leaves, CodeMirror's own escape hatch for keyboard users), monospace, no spellcheck.
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, indentOnInput, bracketMatching, HighlightStyle, indentUnit } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";
import { java } from "@codemirror/lang-java";
import { cpp } from "@codemirror/lang-cpp";
import { go } from "@codemirror/lang-go";
import { rust } from "@codemirror/lang-rust";
import { sql } from "@codemirror/lang-sql";

const languages: Record<string, () => Extension> = {
  python: python, py: python,
  javascript: javascript, js: javascript, nodejs: javascript, react: () => javascript({ jsx: true }),
  typescript: () => javascript({ typescript: true }), ts: () => javascript({ typescript: true }),
  java: java, c: cpp, cpp: cpp, "c++": cpp, csharp: java, "c#": java, go: go, golang: go, rust: rust, sql: sql,
};

/** Colours that keep WCAG AA contrast on the editor's white background. */
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#7a1fa2" },
  { tag: [tags.string, tags.special(tags.string)], color: "#a31515" },
  { tag: tags.comment, color: "#4b6b2f", fontStyle: "italic" },
  { tag: [tags.number, tags.bool, tags.null], color: "#0b6e4f" },
  { tag: [tags.function(tags.variableName), tags.definition(tags.variableName)], color: "#1a4fa0" },
  { tag: [tags.typeName, tags.className], color: "#805000" },
  { tag: tags.operator, color: "#333333" },
]);

/** A display name for the language label ("Python"), or the id as given. */
export function languageLabel(id: string | null): string {
  const name = (id ?? "").trim();
  if (!name) return "code";
  return name.length <= 3 ? name.toUpperCase() : name[0].toUpperCase() + name.slice(1);
}

export class CodeEditor {
  private view: EditorView;
  private lock = new Compartment();

  constructor(parent: HTMLElement, doc: string, codeLanguage: string | null, label: string, onChange: (code: string) => void) {
    const lang = languages[(codeLanguage ?? "").toLowerCase()];
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc,
        extensions: [
          lineNumbers(), history(), drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(),
          syntaxHighlighting(highlight),
          indentUnit.of("    "), // four spaces, as PEP 8 and most style guides want
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ spellcheck: "false", autocorrect: "off", autocapitalize: "off", "aria-label": label }),
          EditorView.updateListener.of((update) => { if (update.docChanged) onChange(update.state.doc.toString()); }),
          this.lock.of([]),
          ...(lang ? [lang()] : []),
        ],
      }),
    });
  }

  get value(): string { return this.view.state.doc.toString(); }

  set readOnly(locked: boolean) {
    this.view.dispatch({ effects: this.lock.reconfigure(locked ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []) });
  }

  focus(): void { this.view.focus(); }

  destroy(): void { this.view.destroy(); }
}
