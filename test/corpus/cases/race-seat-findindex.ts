// expect: race
// stdout: seats 0,0
// Seat booking: each booking finds the first free seat, confirms the payment, then takes the seat.
// Two bookings at once find the same seat; the second overwrites the first, whose customer has paid
// for a seat that is no longer theirs. findIndex reads every element it looks at.
import { setTimeout as sleep } from 'node:timers/promises';

type Seat = string | null;
const seats: Seat[] = [null, null, null];

async function book(customer: string, paymentMs: number): Promise<number> {
  const seat = seats.findIndex((s) => s === null); // race
  await sleep(paymentMs);
  seats[seat] = customer; // race
  return seat;
}

const taken = await Promise.all([book('ann', 3), book('bob', 6)]);
console.log('seats', taken.join(','));
