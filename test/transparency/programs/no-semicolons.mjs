// Code written without semicolons (standard style): a statement that updates a module binding or a
// captured variable (`n++`, `--n`, `x ??= v`, `y ||= v`) on the line after a call. Automatic semicolon
// insertion ends the call's statement there; the rewritten update must not continue it.
let n = 0
let cache
let y = 0
const log = []
function note (what) { log.push(what) }
function counter () {
  let count = 0
  return function bump () {
    note('bump')
    count++
    note('again')
    --count
    note('twice')
    ++count
    return count
  }
}
const bump = counter()
function touch () {
  note('touch')
  n++
  note('cache')
  cache ??= { made: n }
  note('or')
  y ||= 2
  note('and')
  y &&= y + 1
  note('minus')
  n--
}
touch()
touch()
const out = [bump(), bump(), n, cache.made, y, `${cache ??= 'no'}`.length, (y ||= 9) + 1]
for (let i = 0; i < 3; n++, i++) out.push(n)
const t = n > 2 ? n-- : ++n
out.push(t, n, [n++, ++n])
console.log(JSON.stringify(out), log.length)
