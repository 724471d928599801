// expect: none
// The write-behind counter done right: the callback reads the count when it stores it, in its own
// segment, so each store adds one to what is there and nothing is lost.
const stats = { signups: 0 };

function signup(user) {
  return new Promise((resolve) => {
    const seen = stats.signups;
    setImmediate(() => {
      stats.signups = stats.signups + 1;
      resolve(`${user}:${seen}`);
    });
  });
}

console.log('signups', (await Promise.all([signup('ann'), signup('bob')])).join(','), stats.signups);
