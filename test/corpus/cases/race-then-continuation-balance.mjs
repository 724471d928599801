// expect: race
// A wallet written with promise chains instead of async functions: each top-up reads the balance,
// asks the payment provider, and in the then callback stores the balance it read plus the amount.
// Two top-ups at once both read 100, so one of them is lost.
const wallet = { owner: 'ana', balance: 100 };
const provider = (amount) => new Promise((resolve) => setImmediate(() => resolve({ ok: true, amount })));

function topUp(amount) {
  const balance = wallet.balance; // race
  return provider(amount).then((receipt) => {
    if (receipt.ok) wallet.balance = balance + receipt.amount; // race
  });
}

Promise.all([topUp(20), topUp(30)]).then(() => console.log('balance', wallet.balance));
