import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** `wide` for dialogs that show a table. */
  size?: "wide";
}

const FOCUSABLE = "input, select, summary, button:not([disabled])";

/** A modal dialog: focus moves in on open (to the first field or button) and back out on close,
 *  Tab stays inside, Escape closes. */
export function Modal({ title, onClose, children, size }: Props) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  // The dialog becomes a scrolling box only while its content is taller than the window: WebKit,
  // painting without compositing (lib.rs), repaints a whole scrolling box at each blink of a
  // caret inside it, which with a timer running tripled the window's CPU while a dialog was open.
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || typeof ResizeObserver === "undefined") return;
    const check = () => setScrolls(dialog.scrollHeight > dialog.clientHeight + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(dialog);
    for (const child of Array.from(dialog.children)) observer.observe(child);
    return () => observer.disconnect();
  }, []);

  // Focus moves in as the dialog is put on screen, not after it is painted: nothing (a key, a
  // test looking for the dialog) can find the dialog open with the focus still behind it.
  useLayoutEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialogRef.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => previous?.focus();
  }, []);

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.key === "Escape") {
        e.preventDefault();
        onClose();
      } else if (e.key === "Tab") {
        const focusable = dialogRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE);
        if (!focusable?.length) return;
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [onClose]);

  return (
    <div className="backdrop">
      <div ref={dialogRef} className={["dialog", size, scrolls && "scrolls"].filter(Boolean).join(" ")} role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
