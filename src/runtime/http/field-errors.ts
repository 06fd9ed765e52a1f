/**
 * Collects the field errors of one request, keeping only the first {@link maxListedFieldErrors}
 * and counting the rest, so a body of 100,000 unknown keys costs a counter, not 100,000 objects
 * and a response past Lambda's 6 MB limit.
 */
import { maxListedFieldErrors } from "../limits.js";
import { type FieldError, ValidationProblem } from "./problems.js";

export class FieldErrors {
  private readonly listed: FieldError[] = [];
  private total = 0;

  add(path: string, message: string): void {
    this.total++;
    if (this.listed.length < maxListedFieldErrors) this.listed.push({ path, message });
  }

  get count(): number {
    return this.total;
  }

  /** Throws the validation problem when any error was added. */
  throwIfAny(): void {
    if (this.total > 0) throw new ValidationProblem(this.listed, this.total);
  }
}
