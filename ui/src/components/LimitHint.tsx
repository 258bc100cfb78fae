/** Characters as the core counts them (code points, after trimming). */
export function charCount(text: string): number {
  return [...text.trim()].length;
}

interface Props {
  id: string;
  text: string;
  limit: number;
  /** "a description", "a project name". */
  what: string;
}

/**
 * Says a field's length limit as it comes near, and plainly once it is passed: the field itself
 * never cuts text off (the core refuses the save with the same numbers).
 */
export function LimitHint({ id, text, limit, what }: Props) {
  const count = charCount(text);
  if (count <= limit * 0.9) return null;
  const over = count > limit;
  return (
    <p id={id} className={over ? "limit-hint over" : "limit-hint"} aria-live="polite">
      {over
        ? `${count} characters: ${what} can have at most ${limit}. Shorten it by ${count - limit} to save.`
        : `${count} of ${limit} characters`}
    </p>
  );
}
