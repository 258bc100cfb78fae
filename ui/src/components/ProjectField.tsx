import { useId } from "react";
import { MAX_NAME_CHARS, type Project } from "../bindings";
import { LimitHint } from "./LimitHint";

interface Props {
  value: string;
  projects: Project[];
  onChange: (name: string) => void;
  /** Called when the person is done choosing: on Enter or when the field loses focus. */
  onCommit?: (name: string) => void;
  id?: string;
  label?: string;
  hideLabel?: boolean;
}

/** A project picker that also creates: choose from the list or type a new name. */
export function ProjectField({ value, projects, onChange, onCommit, id, label = "Project", hideLabel }: Props) {
  const listId = useId();
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  return (
    <div className="field project-field">
      <label htmlFor={inputId} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <input
        id={inputId}
        list={listId}
        value={value}
        placeholder="No project"
        autoComplete="off"
        aria-describedby={`${inputId}-limit`}
        onChange={(e) => onChange(e.target.value)}
        onBlur={(e) => onCommit?.(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && onCommit) {
            e.preventDefault();
            onCommit(e.currentTarget.value);
          }
        }}
      />
      <LimitHint id={`${inputId}-limit`} text={value} limit={MAX_NAME_CHARS} what="a project name" />
      <datalist id={listId}>
        {projects.filter((p) => !p.archived).map((p) => (
          <option key={p.id} value={p.name} />
        ))}
      </datalist>
    </div>
  );
}
