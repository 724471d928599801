// expect: none
// stdout: seats 0,1
// Seat booking done right: the payment is confirmed first, then the booking finds a free seat and
// takes it in the same synchronous stretch, so no two bookings can take one seat.
import { setTimeout as sleep } from 'node:timers/promises';

type Seat = string | null;
const seats: Seat[] = [null, null, null];

async function book(customer: string, paymentMs: number): Promise<number> {
  await sleep(paymentMs);
  const seat = seats.findIndex((s) => s === null);
  seats[seat] = customer;
  return seat;
}

const taken = await Promise.all([book('ann', 3), book('bob', 6)]);
console.log('seats', taken.sort().join(','));
