import { useState } from "react";
import { MAX_NAME_CHARS, type Project } from "../bindings";
import { LimitHint } from "./LimitHint";
import { errorMessage } from "../api";
import { Modal } from "./Modal";

interface Props {
  projects: Project[];
  /** Each resolves once saved and throws with a readable message otherwise. */
  onCreate: (name: string) => Promise<void>;
  onDelete: (project: Project) => Promise<void>;
  onClose: () => void;
}

/** The list of projects: add one, or delete one (its entries keep showing it). */
export function ProjectsDialog({ projects, onCreate, onDelete, onClose }: Props) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function attempt(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  }

  return (
    <Modal title="Projects" onClose={onClose}>
      <form
        className="project-add"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await attempt(() => onCreate(name))) setName("");
        }}
      >
        <div className="field">
          <label htmlFor="new-project">New project</label>
          <input id="new-project" value={name} autoComplete="off" aria-describedby="new-project-limit"
            onChange={(e) => setName(e.target.value)} />
          <LimitHint id="new-project-limit" text={name} limit={MAX_NAME_CHARS} what="a project name" />
        </div>
        <button type="submit">Add project</button>
      </form>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {projects.length === 0 ? (
        <p className="hint">No projects yet.</p>
      ) : (
        <ul className="project-list" aria-label="Projects">
          {projects.map((project) => (
            <li key={project.id}>
              <span>{project.name}</span>
              <button type="button" className="icon danger" aria-label={`Delete project: ${project.name}`}
                onClick={() => void attempt(() => onDelete(project))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">Deleting a project keeps its entries; they show it struck through.</p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}
