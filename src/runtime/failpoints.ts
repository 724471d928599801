// Failpoints for testing that a failure in the detector's own code never reaches the program
// (RACEDETECT_FAILPOINT=access | promise-hook | async-hook makes that part throw). Read once at start;
// each check is a constant false otherwise.

const which = process.env.RACEDETECT_FAILPOINT ?? '';

export const failInAccess = which === 'access';
export const failInPromiseHook = which === 'promise-hook';
export const failInAsyncHook = which === 'async-hook';

export function failpoint(where: string): never {
  throw new Error(`failpoint ${where}`);
}
