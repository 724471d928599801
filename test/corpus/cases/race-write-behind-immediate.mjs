// expect: race
// A write-behind counter: each signup reads the count, queues the store of count + 1 with
// setImmediate and waits for it. Two signups at once both read 0: one is lost. Node runs the two
// immediates in the order they were queued, but that queue order does not excuse the lost update
// (SPEC §1): the first store lands between the second signup's read and its write-back.
const stats = { signups: 0 };

function signup(user) {
  return new Promise((resolve) => {
    const n = stats.signups; // race
    setImmediate(() => {
      stats.signups = n + 1; // race
      resolve(user);
    });
  });
}

await Promise.all([signup('ann'), signup('bob')]);
console.log('signups', stats.signups);
