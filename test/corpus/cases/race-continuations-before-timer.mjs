// expect: race
// A test starts a background save, which counts itself once an immediate
// has run, then lets the timer queue turn once (setTimeout 0) before it
// checks the count. A timer of 0 ms and an immediate set in the main
// module run in either order, so the check may or may not see the save.
let saved = 0;

async function save() {
  await new Promise((resolve) => setImmediate(resolve));
  saved++; // race
}

save();
await new Promise((resolve) => setTimeout(resolve, 0));
console.log('checked', saved >= 0); // race
