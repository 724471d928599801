// Types for judge.mjs (used by test/corpus.test.ts).
export interface CaseInfo {
  name: string;
  file: string;
  src: string;
  lines: string[];
  prefix: 'race' | 'norace';
  stem: string;
  ext: 'mjs' | 'cjs' | 'ts';
  expectRace: boolean;
  firstLine: string;
  marked: Set<number>;
  wantOut: string | undefined;
}
export interface RunResult {
  code: number | string;
  out: string;
  err: string;
}
export interface Row {
  name: string;
  expectRace: boolean;
  verdict: string;
  blocks: number;
  located: boolean;
  code: number | string;
  out: string;
  err: string;
  plain: RunResult;
  detail: string;
}
export interface Summary {
  tp: number;
  positives: number;
  tn: number;
  negatives: number;
  falsePositives: number;
  falseNegatives: number;
  allOk: boolean;
  line: string;
}
export const projectDir: string;
export const casesDir: string;
export const registerPath: string;
export const defaultTimeoutMs: number;
export function listCases(filter?: string): string[];
export function parseCase(name: string): CaseInfo;
export function formatProblems(name: string, all?: string[]): string[];
export function prepareWorkdir(dir?: string): string;
export function removeWorkdir(work: string): void;
export function runNode(args: string[], file: string, cwd: string, timeoutMs?: number): Promise<RunResult>;
export function reports(text: string): string[];
export function located(blocks: string[], name: string, marked: Set<number>): boolean;
export function runPlain(c: CaseInfo, work: string, timeoutMs?: number): Promise<RunResult>;
export function judgeCase(name: string, options?: { work: string; register?: string; timeoutMs?: number }): Promise<Row>;
export function formatRow(row: Row): string;
export function summarize(rows: Row[]): Summary;
export function createPool(size: number): <T>(job: () => T | Promise<T>) => Promise<T>;
