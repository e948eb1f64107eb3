/**
 * Multi-step questions (the generators' wizards) over the one Prompter: steps are numbered from the
 * questions actually asked, a pick may offer "Other…" to type a value, and a dismissed question stops
 * the command (a CancellationError, which the command wrapper logs and does not show as a failure).
 */
import * as vscode from 'vscode';
import type { PickItem, Prompter } from '../platform/prompter';

/** A dismissed question: stop the command quietly. */
export function required<T>(answer: T | undefined): T {
  if (answer === undefined) throw new vscode.CancellationError();
  return answer;
}

export interface WizardItem {
  label: string;
  description?: string;
  /** What the pick answers; the label when absent. */
  value?: string;
}

export interface CustomValue {
  prompt: string;
  value: string;
  validate?: (s: string) => string | undefined;
}

const OTHER = '\u0000other';

export class Wizard {
  private step = 0;

  constructor(
    private readonly prompter: Prompter,
    readonly title: string,
    /** How many questions the wizard asks in all. */
    private readonly steps: number,
  ) {}

  /** The title of the next question: "New Training Job (2/5 name)". */
  private next(what: string): string {
    this.step = Math.min(this.step + 1, this.steps);
    return `${this.title} (${this.step}/${this.steps} ${what})`;
  }

  /** One of the items, or a typed value when `custom` is given and "Other…" chosen. */
  async pick(what: string, items: WizardItem[], custom?: CustomValue): Promise<string> {
    const title = this.next(what);
    const offered: PickItem<string>[] = items.map((i) => ({
      label: i.label,
      description: i.description,
      value: i.value ?? i.label,
    }));
    if (custom) offered.push({ label: '$(edit) Other…', value: OTHER });
    const chosen = required(await this.prompter.pickOne(offered, { title }));
    if (chosen !== OTHER || !custom) return chosen;
    return this.ask(title, custom.prompt, custom.value, custom.validate);
  }

  async input(what: string, prompt: string, value: string, validate?: (s: string) => string | undefined) {
    return this.ask(this.next(what), prompt, value, validate);
  }

  private async ask(title: string, prompt: string, value: string, validate?: (s: string) => string | undefined) {
    return required(await this.prompter.input({ title, prompt, value, validate })).trim();
  }
}
