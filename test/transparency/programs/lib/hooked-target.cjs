// Loaded through a require hook that rewrites it (function-source-hooked.cjs): the functions'
// text is the hook's output, which is on no disk.
const stats = { calls: 0 };
function mode() {
  stats.calls++;
  return __MODE__;
}
module.exports = { mode, stats };
