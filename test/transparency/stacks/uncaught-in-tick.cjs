// Uncaught, from a callback: Node reports where it was thrown, above the stack.
process.nextTick(function later() { require('./missing-in-tick'); });
