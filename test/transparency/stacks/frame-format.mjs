// Frames of the program's own code as V8 writes them: a file: URL for an ES module, `[as x]` for a
// getter reached through a property, `Class.method` for a static one, `new` for a constructor, a bare
// location for top-level and anonymous code, `async` for an awaited caller.
const settings = {
  get port() {
    throw new Error('no port');
  },
};
class Repo {
  static open() {
    throw new Error('cannot open');
  }
  constructor() {
    throw new Error('cannot make');
  }
}
function readPort() {
  return Reflect.get(settings, 'port');
}
async function outer() {
  await null;
  return inner();
}
async function inner() {
  await null;
  throw new Error('deep in async');
}
const show = (label, fn) => {
  try {
    fn();
  } catch (e) {
    console.log(`--- ${label}\n${e.stack}`);
  }
};
show('getter', readPort);
show('static', () => Repo.open());
show('constructor', () => new Repo());
try {
  await outer();
} catch (e) {
  console.log(`--- async\n${e.stack}`);
}
console.log(`--- top-level\n${new Error('made at the top').stack}`);
