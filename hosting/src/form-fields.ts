/**
 * Form fields generated from a kind's params JSON Schema (GET /kinds): dates (start <= end < today),
 * enums, booleans, numbers, multi-selects where the kind offers choices, JSON for anything else.
 * Fields the service sets (`internal`) are not shown.
 */
import { h } from "./dom";
import { formatCount, humanize } from "./format";

export interface PropSchema {
  type?: string;
  title?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  description?: string;
  internal?: boolean;
  items?: PropSchema;
}

const DATE_PATTERN = "^(\\d{4})-(\\d{2})-(\\d{2})$";

export function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

export interface Field {
  name: string;
  /** What the form calls it: the schema's title, else the name in words. */
  label: string;
  element: HTMLElement;
  /** The field's value, or undefined when left empty. Throws a message for bad input. */
  read(): unknown;
}

export interface FieldOptions {
  required: boolean;
  /** Choices from live data (a multi-select). */
  options?: string[];
  /** A number field's starting value. */
  initial?: number;
  /** Keeps ids unique when two forms share field names. */
  idPrefix?: string;
}

export function fieldFor(name: string, schema: PropSchema, { required, options, initial, idPrefix = "param" }: FieldOptions): Field | null {
  if (schema.internal) return null;
  const id = `${idPrefix}-${name}`;
  const title = schema.title ?? humanize(name);
  const label = (control: HTMLElement) =>
    h("label", { for: id }, `${title}${required ? " *" : ""} `, control, schema.description ? h("small", {}, ` ${schema.description}`) : null);
  if (schema.type === "string" && schema.pattern === DATE_PATTERN) {
    const input = h("input", { id, type: "date", max: yesterday(), required });
    return { name, label: title, element: label(input), read: () => input.value || undefined };
  }
  if (schema.enum) {
    const select = h(
      "select",
      { id },
      ...(required ? [] : [h("option", { value: "" }, "(default)")]),
      ...schema.enum.map((v) => h("option", { value: v, selected: v === schema.default }, v)),
    );
    return { name, label: title, element: label(select), read: () => select.value || undefined };
  }
  if (schema.type === "boolean") {
    const box = h("input", { id, type: "checkbox", checked: schema.default === true });
    return { name, label: title, element: label(box), read: () => box.checked };
  }
  if (schema.type === "integer" || schema.type === "number") {
    const input = h("input", {
      id,
      type: "number",
      required,
      min: schema.minimum?.toString(),
      max: schema.maximum?.toString(),
      step: schema.type === "integer" ? "1" : "any",
      value: initial?.toString(),
    });
    const read = () => {
      if (input.checkValidity()) return input.value === "" ? undefined : Number(input.value);
      const range = `${schema.minimum === undefined ? "-∞" : formatCount(schema.minimum)} to ${schema.maximum === undefined ? "∞" : formatCount(schema.maximum)}`;
      throw new Error(`${title} must be ${schema.type === "integer" ? "a whole number" : "a number"} from ${range}`);
    };
    return { name, label: title, element: label(input), read };
  }
  if (schema.type === "array" && options) {
    const select = h(
      "select",
      { id, multiple: true, size: String(Math.min(8, Math.max(3, options.length))) },
      ...options.map((v) => h("option", { value: v }, v)),
    );
    return {
      name,
      label: title,
      element: label(select),
      read: () => {
        const v = [...select.selectedOptions].map((o) => o.value);
        return v.length ? v : undefined;
      },
    };
  }
  if (schema.type === "string") {
    const input = h("input", { id, type: "text", required, pattern: schema.pattern });
    return { name, label: title, element: label(input), read: () => input.value || undefined };
  }
  const area = h("textarea", { id, rows: "3", placeholder: "JSON" });
  return {
    name,
    label: title,
    element: label(area),
    read: () => {
      if (!area.value.trim()) return undefined;
      try {
        return JSON.parse(area.value);
      } catch {
        throw new Error(`${title}: not valid JSON`);
      }
    },
  };
}

/** Checks the page can make before asking the API (which validates everything again). */
export function checkDates(params: Record<string, unknown>): string | null {
  const { startDate, endDate } = params as { startDate?: string; endDate?: string };
  if (endDate && !startDate) return "A start date is required with an end date";
  if (startDate && endDate && endDate < startDate) return `The end date ${endDate} is before the start date ${startDate}`;
  if ((endDate ?? startDate) && (endDate ?? startDate)! > yesterday()) return "Dates must be before today";
  return null;
}
