declare module 'eslint-scope' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export function analyze(ast: any, options?: Record<string, unknown>): any;
}
