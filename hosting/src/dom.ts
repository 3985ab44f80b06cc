/** A tiny DOM builder: text is always set as text, never parsed as HTML. */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === undefined) continue;
    el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(typeof child === "number" ? String(child) : child);
  return el;
}

/** Firestore Timestamps (from onSnapshot) as Dates. */
export function toDate(value: unknown): Date | null {
  if (value && typeof value === "object" && "toDate" in value && typeof (value as { toDate: unknown }).toDate === "function")
    return (value as { toDate: () => Date }).toDate();
  return null;
}

export function timeText(value: unknown): string {
  const date = toDate(value);
  return date ? date.toLocaleString() : "–";
}
