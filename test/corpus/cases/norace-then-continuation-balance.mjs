// expect: none
// The promise-chain wallet of race-then-continuation-balance.mjs, but the second top-up starts in
// the first one's then: it reads the balance the first one stored.
const wallet = { owner: 'ana', balance: 100 };
const provider = (amount) => new Promise((resolve) => setImmediate(() => resolve({ ok: true, amount })));

function topUp(amount) {
  const balance = wallet.balance;
  return provider(amount).then((receipt) => {
    if (receipt.ok) wallet.balance = balance + receipt.amount;
  });
}

topUp(20)
  .then(() => topUp(30))
  .then(() => console.log('balance', wallet.balance));
