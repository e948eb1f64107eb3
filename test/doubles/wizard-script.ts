import * as assert from 'node:assert/strict';
import { REPLACE, SKIP } from '../../src/commands/generator-files';
import type { PickItem } from '../../src/platform/prompter';
import { ScriptedPrompter } from './scripted-prompter';

/**
 * Answers the generators' questions from a script keyed by step (e.g. '2/7 HDFS root', the step part
 * of the question's title), through the one Prompter the commands use; inputs are validated as the
 * input box would.
 */

export class WizardScript extends ScriptedPrompter {
  readonly offered = new Map<string, string[]>();
  readonly overwriteAsked: string[] = [];
  /** Every step asked, in order. */
  readonly asked: string[] = [];
  constructor(
    private readonly answers: Record<string, string>,
    overwrite: 'replace' | 'skip' | 'cancel' = 'replace',
  ) {
    super();
    this.pick = (title, items) => this.choose(title, items);
    this.inputValue = (title) => this.step(title, true);
    this.answer = (r) => {
      const name = /^(.+) already exists in /.exec(r.message)?.[1];
      if (!name) return undefined;
      this.overwriteAsked.push(name);
      return overwrite === 'replace' ? REPLACE : overwrite === 'skip' ? SKIP : undefined;
    };
  }
  private step(title: string, required: boolean): string {
    const step = /\((\d+\/\d+ [^)]*)\)$/.exec(title)?.[1] ?? title;
    this.asked.push(step);
    const a = this.answers[step];
    if (a === undefined && required) throw new Error(`no scripted answer for step "${step}"`);
    return a ?? '';
  }
  private choose(title: string, items: PickItem<unknown>[]): unknown {
    const step = /\((\d+\/\d+ [^)]*)\)$/.exec(title)?.[1] ?? title;
    const offered = items.filter((i) => !i.label.includes('Other…')).map((i) => String(i.value));
    this.offered.set(step, offered);
    const a = this.step(title, true);
    const item = items.find((i) => i.value === a);
    if (item) return item.value;
    const other = items.find((i) => i.label.includes('Other…'));
    assert.ok(other, `"${a}" is not offered at ${step} and no custom value is allowed`);
    return other.value;
  }
}
