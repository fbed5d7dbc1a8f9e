import { z } from 'zod';
import { bindingSchema } from './binding-schema.ts';

type AnySchema = z.core.$ZodType;

/** Looks through defaults, optionals and transforms to the schema that has the shape. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else break;
  }
  return current;
}

/** Valid keys of the binding object at `path` (`[]`, `['approvers']`, `['steps', 'x']`…); [] when not an object. */
export function validKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: AnySchema = bindingSchema;
  for (const segment of path) {
    const current = unwrap(schema);
    if (current instanceof z.ZodObject) {
      const next = current.shape[String(segment)];
      if (!next) return [];
      schema = next;
    } else if (current instanceof z.ZodRecord) {
      schema = current.valueType;
    } else if (current instanceof z.ZodArray) {
      schema = current.element;
    } else return [];
  }
  const target = unwrap(schema);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}
