// A `let` in a loop's body or head is a new variable each iteration, also when closures write it
// (the detector makes its cell per iteration); a `for await` body without braces or semicolon; a
// `{ __proto__ }` shorthand of a variable closures write (an own property, not the prototype).
const fns = [];
for (let i = 0, j = 10; i < 3; i++, j--) {
  fns.push(() => {
    i += 100;
    j -= 1;
    return [i, j];
  });
  if (i === 1) continue;
}
console.log('for head', fns.map((f) => f()).join(' | '));

const gs = [];
for (let x of [1, 2]) {
  gs.push(() => (x *= 3));
}
for (let k in { a: 1, b: 2 }) {
  gs.push(() => (k += '!'));
}
let m = 0;
outer: while (m < 3) {
  m++;
  let q = m;
  gs.push(() => q++);
  if (m === 2) continue outer;
  try {
    let z = q;
    gs.push(() => (z = z * 2));
  } catch {
    let w = 1;
    gs.push(() => w++);
  }
}
do {
  let d = 5;
  gs.push(() => (d += 1));
} while (false);
console.log('bodies', gs.map((g) => g()).join(','), gs.map((g) => g()).join(','));

async function* numbers() {
  yield 1;
  yield 2;
}
const seen = []
for await (const n of numbers()) seen.push(n)
console.log('for await', seen.join(','))
async function inner() {
  const got = []
  for await (const n of numbers()) got.push(n * 10)
  return got
}
console.log('for await in a function', (await inner()).join(','))

let __proto__ = { inherited: true };
function replace() {
  __proto__ = { replaced: true };
}
replace();
const o = { __proto__ };
console.log('proto shorthand', Object.keys(o), Object.getPrototypeOf(o) === Object.prototype, o.replaced, o.__proto__.replaced);
