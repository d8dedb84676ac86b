// The candidate's page: joins over the hub with the token from the link, shows the current question,
// submits answers (each with its own id, so a retry after a dropped connection stores it once), and
// reports focus and paste events for the integrity timeline. The server owns order and time.
(() => {
  const token = new URLSearchParams(location.search).get("token");
  const device = localStorage.getItem("interview-device") || crypto.randomUUID();
  localStorage.setItem("interview-device", device);
  const $ = (id) => document.getElementById(id);
  let state = null;
  let pending = null; // { answerId, ordinal, text } until acknowledged
  let deadline = null;

  const setStatus = (text, error = false) => { $("status").textContent = text; $("status").classList.toggle("error", error); };
  const reason = (e) => (e && e.message || "").replace(/^.*HubException: /, "").replace(/^[a-z_]+: /, "");

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`/hubs/interview?device=${encodeURIComponent(device)}`, { accessTokenFactory: () => token })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .withStatefulReconnect()
    .build();

  const draftKey = (ordinal) => `interview-draft:${token}:${ordinal}`;
  let draftTimer = null;

  // Saved locally at once and to the server a second after typing stops, so a time-out stores it as the answer.
  function saveDraft() {
    if (!state || !state.current) return;
    const ordinal = state.current.ordinal, text = $("answer").value;
    localStorage.setItem(draftKey(ordinal), text);
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => {
      if (connection.state === "Connected") connection.invoke("SaveDraft", ordinal, text, null).catch(() => {});
    }, 1000);
  }

  function render(s) {
    state = s;
    if (!s.current) {
      $("question").hidden = true;
      $("done").hidden = false;
      setStatus("Interview completed.");
      return;
    }
    $("question").hidden = false;
    $("progress").textContent = `Question ${s.current.ordinal} of ${s.questionCount}`;
    if ($("question-text").dataset.ordinal !== String(s.current.ordinal)) {
      $("question-text").textContent = s.current.text;
      $("question-text").dataset.ordinal = String(s.current.ordinal);
      // What was typed before a reload, another device or a node change: the server's draft, else this browser's copy.
      const local = localStorage.getItem(draftKey(s.current.ordinal));
      $("answer").value = s.current.draft?.text ?? local ?? s.current.starterCode ?? "";
    }
    deadline = Date.now() + (s.questionSecondsLeft ?? 0) * 1000;
    setStatus("");
  }

  setInterval(() => {
    if (!deadline || $("question").hidden) return;
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    $("timer").textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left for this question`;
  }, 500);

  async function join() {
    render(await connection.invoke("Join"));
    if (pending) await submit(pending); // resend what was not acknowledged before the drop
  }

  async function submit(answer) {
    pending = answer;
    $("submit").disabled = true;
    try {
      const outcome = await connection.invoke("SubmitAnswer", answer.answerId, answer.ordinal, answer.text, null, new Date().toISOString());
      pending = null;
      clearTimeout(draftTimer);
      localStorage.removeItem(draftKey(answer.ordinal));
      render(outcome.state);
    } catch (e) {
      if (connection.state === "Connected") { pending = null; setStatus(reason(e), true); render(await connection.invoke("Join")); }
    } finally {
      $("submit").disabled = false;
    }
  }

  $("submit").addEventListener("click", () => {
    if (!state || !state.current) return;
    submit({ answerId: crypto.randomUUID(), ordinal: state.current.ordinal, text: $("answer").value });
  });
  $("finish").addEventListener("click", async () => {
    if (confirm("Finish now? Questions not answered yet will be recorded as unanswered.")) render(await connection.invoke("Finish"));
  });
  $("takeover-confirm").addEventListener("click", async () => {
    $("takeover").hidden = true;
    render(await connection.invoke("ConfirmTakeover"));
  });

  connection.on("TakeoverOffered", () => { $("takeover").hidden = false; setStatus(""); });
  connection.on("SessionTakenOver", (message) => { $("question").hidden = true; setStatus(message, true); connection.stop(); });
  connection.on("NextQuestion", render);
  connection.on("Completed", render);
  connection.on("AnswerAccepted", () => {});
  connection.onreconnecting(() => setStatus("Connection lost, reconnecting… your answers are safe."));
  connection.onreconnected(() => join().catch((e) => setStatus(reason(e), true)));
  connection.onclose((e) => { if (e) setStatus(reason(e) || "Disconnected.", true); });

  const report = (kind, detail) => connection.state === "Connected" && connection.invoke("ReportIntegrity", kind, detail).catch(() => {});
  window.addEventListener("blur", () => report("focus_lost", null));
  window.addEventListener("focus", () => report("focus_regained", null));
  document.addEventListener("fullscreenchange", () => { if (!document.fullscreenElement) report("fullscreen_exit", null); });
  $("answer").addEventListener("input", saveDraft);
  $("answer").addEventListener("paste", (e) => report("paste", `${(e.clipboardData?.getData("text") || "").length} characters`));

  if (!token) { setStatus("This page needs the link from your invitation email.", true); return; }
  connection.start()
    .then(() => join())
    .catch((e) => {
      if ((e && e.message || "").includes("session_taken_over")) { $("takeover").hidden = false; setStatus(""); return; }
      // Negotiate refuses a link that is not ours with 401 before any connection exists.
      if ((e && e.statusCode) === 401 || / 401|'401'/.test(e && e.message || "")) { setStatus("This is not a valid interview link.", true); return; }
      setStatus(reason(e) || "Could not connect. Please reload the page.", true);
    });
})();
