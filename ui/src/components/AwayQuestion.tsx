import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../api";
import { events, MAX_DESCRIPTION_CHARS, type AwayAnswer, type AwayPrompt, type Project } from "../bindings";
import { resolveProject } from "../projects";
import { charCount, LimitHint } from "./LimitHint";
import { Modal } from "./Modal";
import { ProjectField } from "./ProjectField";
import { useLatestRead } from "../hooks/useLatestRead";

interface Props {
  projects: Project[];
  /** After an answer: what happened, and how to take it back. */
  onAnswered: (message: string, undo: () => void) => void;
  /** An answer, or its Undo, changed entries: the window reads again. */
  onChanged: () => void;
}

const SAID: Record<AwayAnswer["kind"], string> = {
  keep: "Kept the time away",
  discard: "Discarded the time away",
  discard_and_continue: "Discarded the time away; the timer continues",
  keep_as_new: "The time away is its own entry now",
};

/**
 * "You were away from 10:42 to 11:09 (27 min) while “Writing report” ran." — asked when the
 * person comes back (the core noticed the absence; the tray and `stint idle` offer the same
 * answers). Until it is answered nothing changes and the timer runs; "Later" leaves it open.
 */
export function AwayQuestion({ projects, onAnswered, onChanged }: Props) {
  const [prompt, setPrompt] = useState<AwayPrompt | null>(null);
  const [later, setLater] = useState<number | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [project, setProject] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Only the latest read is shown: an older answer arriving last would bring back a question
  // already answered elsewhere.
  const latestRead = useLatestRead();
  const load = useCallback(() => void latestRead(() => api.awayQuestion(), setPrompt), [latestRead]);
  useEffect(() => {
    load();
    const asked = events.awayAsked.listen(() => {
      setLater(null);
      load();
    });
    const changed = events.dataChanged.listen(load);
    return () => {
      void asked.then((stop) => stop());
      void changed.then((stop) => stop());
    };
  }, [load]);

  const question = prompt?.question;
  // Asked once the person is back; put off with "Later" until it is asked again.
  if (!prompt || !question || question.to_ms === null || later === question.id) return null;

  async function answer(given: AwayAnswer) {
    if (!question) return;
    setBusy(true);
    setError(null);
    try {
      const answered = await api.answerAway(question.id, given);
      setPrompt(null);
      setNaming(false);
      setName("");
      setProject("");
      onChanged();
      onAnswered(SAID[given.kind], () => {
        api.undoAwayAnswer(answered.id).then(() => {
          load();
          onChanged();
        }, (err) => setError(errorMessage(err)));
      });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title="Were you away?" onClose={() => setLater(question.id)}>
      <p className="away-sentence">{prompt.sentence}</p>
      {naming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            resolveProject(project).then(
              (projectId) => answer({ kind: "keep_as_new", description: name, project_id: projectId, tags: [] }),
              (err) => setError(errorMessage(err)),
            );
          }}
        >
          <div className="field">
            <label htmlFor="away-name">What was the time away?</label>
            <input id="away-name" value={name} placeholder="Meeting" aria-describedby="away-name-limit"
              aria-invalid={charCount(name) > MAX_DESCRIPTION_CHARS} onChange={(e) => setName(e.target.value)} />
            <LimitHint id="away-name-limit" text={name} limit={MAX_DESCRIPTION_CHARS} what="a description" />
          </div>
          <ProjectField id="away-project" value={project} projects={projects} onChange={setProject} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setNaming(false)}>Back</button>
            <button type="submit" className="primary" disabled={busy}>Save as new entry</button>
          </div>
        </form>
      ) : (
        <div className="away-answers">
          <button type="button" className="primary" disabled={busy} onClick={() => void answer({ kind: "keep" })}>Keep</button>
          <button type="button" disabled={busy} onClick={() => void answer({ kind: "discard" })}>Discard</button>
          <button type="button" disabled={busy} onClick={() => void answer({ kind: "discard_and_continue" })}>Discard and continue</button>
          <button type="button" disabled={busy} onClick={() => setNaming(true)}>Keep as a new entry…</button>
          <button type="button" className="quiet" onClick={() => setLater(question.id)}>Later</button>
        </div>
      )}
      <p className="hint">
        Keep counts it. Discard ends the entry when you left. Discard and continue also starts it again from when you came back.
      </p>
      {error && <p role="alert" className="form-error">{error}</p>}
    </Modal>
  );
}
