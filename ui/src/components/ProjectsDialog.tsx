import { useEffect, useRef, useState } from "react";
import { MAX_NAME_CHARS, type Project, type ProjectChanges } from "../bindings";
import { LimitHint } from "./LimitHint";
import { errorMessage } from "../api";
import { Modal } from "./Modal";

interface Props {
  projects: Project[];
  /** Each resolves once saved and throws with a readable message otherwise. */
  onCreate: (name: string) => Promise<void>;
  onUpdate: (project: Project, changes: ProjectChanges) => Promise<void>;
  onDelete: (project: Project) => Promise<void>;
  onClose: () => void;
}

/** The list of projects: add one; rename, recolour, archive or price one; delete one (its
 *  entries keep showing it) after a confirmation, with Undo. */
export function ProjectsDialog({ projects, onCreate, onUpdate, onDelete, onClose }: Props) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);

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
    <Modal title="Projects" onClose={onClose} size="wide">
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
            <li key={project.id} className={project.archived ? "is-archived" : undefined}>
              {editing === project.id ? (
                <ProjectEditor project={project} onCancel={() => setEditing(null)}
                  onSave={async (changes) => {
                    if (await attempt(() => onUpdate(project, changes))) setEditing(null);
                  }} />
              ) : confirming === project.id ? (
                <DeleteConfirm name={project.name} onCancel={() => setConfirming(null)} onDelete={async () => {
                  if (await attempt(() => onDelete(project))) setConfirming(null);
                }} />
              ) : (
                <>
                  <span className="swatch" style={{ background: project.color }} aria-hidden="true" />
                  <span className="project-name">
                    {project.name}
                    {project.client && <span className="project-meta"> · {project.client}</span>}
                    {project.rate_minor !== null && project.currency && (
                      <span className="project-meta"> · {(project.rate_minor / 100).toFixed(2)} {project.currency}/h</span>
                    )}
                    {project.billable && <span className="project-meta"> · billable</span>}
                    {project.archived && <span className="project-meta"> · archived</span>}
                  </span>
                  <button type="button" className="secondary" aria-label={`Edit project: ${project.name}`}
                    onClick={() => setEditing(project.id)}>Edit</button>
                  <button type="button" className="icon danger" aria-label={`Delete project: ${project.name}`}
                    onClick={() => setConfirming(project.id)}>
                    ×
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="hint">Archived projects stay in reports and leave the pickers. Deleting a project keeps its entries; they show it struck through.</p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}

function ProjectEditor({ project, onSave, onCancel }: {
  project: Project;
  onSave: (changes: ProjectChanges) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(project.name);
  const [color, setColor] = useState(project.color);
  const [client, setClient] = useState(project.client ?? "");
  const [rate, setRate] = useState(project.rate_minor === null ? "" : (project.rate_minor / 100).toFixed(2));
  const [currency, setCurrency] = useState(project.currency ?? "");
  const [billable, setBillable] = useState(project.billable);
  const [archived, setArchived] = useState(project.archived);
  const [problem, setProblem] = useState<string | null>(null);
  const id = `project-${project.id}`;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  return (
    <form className="project-editor" aria-label={`Edit ${project.name}`} onSubmit={(e) => {
      e.preventDefault();
      const amount = rate.trim() === "" ? null : Number(rate.replace(",", "."));
      if (amount !== null && (!Number.isFinite(amount) || amount < 0)) {
        setProblem(`“${rate}” is not a rate: write an amount per hour, e.g. 90 or 72.50.`);
        return;
      }
      if (amount !== null && currency.trim() === "") {
        setProblem("A rate needs its currency: give the three-letter code, e.g. EUR.");
        return;
      }
      setProblem(null);
      void onSave({
        name, color, client: client.trim() || null, rate_minor: amount === null ? null : Math.round(amount * 100),
        currency: amount === null ? null : currency.trim(), billable, archived,
      });
    }}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} ref={first} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-color`}>Colour</label>
        <input id={`${id}-color`} type="color" value={color} onChange={(e) => setColor(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-client`}>Client</label>
        <input id={`${id}-client`} value={client} onChange={(e) => setClient(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-rate`}>Hourly rate</label>
        <input id={`${id}-rate`} inputMode="decimal" value={rate} placeholder="none" onChange={(e) => setRate(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-currency`}>Currency</label>
        <input id={`${id}-currency`} value={currency} maxLength={3} placeholder="EUR" onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
      </div>
      <label className="check"><input type="checkbox" checked={billable} onChange={(e) => setBillable(e.target.checked)} /> New entries are billable</label>
      <label className="check"><input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> Archived</label>
      {problem && <p role="alert" className="form-error">{problem}</p>}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
        <button type="submit">Save project</button>
      </div>
    </form>
  );
}

/** "Delete Acme?" in the project's row, with Delete focused. */
function DeleteConfirm({ name, onDelete, onCancel }: { name: string; onDelete: () => void; onCancel: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="project-confirm" role="group" aria-label={`Delete ${name}?`}>
      <span>Delete “{name}”? Its entries keep it; you can undo this.</span>
      <button type="button" className="danger" ref={button} onClick={onDelete}>Delete</button>
      <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
    </div>
  );
}
