import { useId, useRef, useState } from "react";
import type { Tag } from "../bindings";

interface Props {
  value: string[];
  tags: Tag[];
  onChange: (tags: string[]) => void;
  label?: string;
  hideLabel?: boolean;
}

/** Tags as removable chips; type a name and press Enter or comma to add one (new names are
 *  created when the entry is saved). */
export function TagField({ value, tags, onChange, label = "Tags", hideLabel }: Props) {
  const [draft, setDraft] = useState("");
  const inputId = useId();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);

  function add(name: string) {
    const tag = name.trim().replace(/,+$/, "").trim();
    setDraft("");
    if (!tag || value.some((t) => t.toLowerCase() === tag.toLowerCase())) return;
    onChange([...value, tag]);
  }

  return (
    <div className="field tag-field">
      <label htmlFor={inputId} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <div className="chips">
        {value.map((tag) => (
          <span className="chip" key={tag}>
            {tag}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove tag ${tag}`}
              onClick={() => {
                onChange(value.filter((t) => t !== tag));
                // The chip and its button are gone: focus stays in the field, not the page.
                input.current?.focus();
              }}
            >
              ×
            </button>
          </span>
        ))}
        <input
          ref={input}
          id={inputId}
          list={listId}
          value={draft}
          placeholder={value.length ? "" : "Add tags"}
          autoComplete="off"
          onChange={(e) => {
            const text = e.target.value;
            if (text.endsWith(",")) add(text);
            else setDraft(text);
          }}
          onBlur={() => draft.trim() && add(draft)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && draft.trim()) {
              e.preventDefault();
              add(draft);
            } else if (e.key === "Backspace" && !draft && value.length) {
              onChange(value.slice(0, -1));
            }
          }}
        />
        <datalist id={listId}>
          {tags
            .filter((t) => !value.some((v) => v.toLowerCase() === t.name.toLowerCase()))
            .map((t) => (
              <option key={t.id} value={t.name} />
            ))}
        </datalist>
      </div>
    </div>
  );
}
