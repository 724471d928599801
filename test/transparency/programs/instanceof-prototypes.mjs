// instanceof with Symbol.hasInstance, bound functions, prototype surgery, isPrototypeOf.
class Even { static [Symbol.hasInstance](n) { return Number.isInteger(n) && n % 2 === 0; } }
console.log(2 instanceof Even, 3 instanceof Even, '4' instanceof Even);
class Animal { speak() { return `${this.name} makes a sound`; } constructor(name) { this.name = name; } }
class Dog extends Animal { speak() { return `${super.speak()} (woof)`; } }
const d = new Dog('rex');
console.log(d instanceof Dog, d instanceof Animal, d instanceof Object, Animal.prototype.isPrototypeOf(d), Object.getPrototypeOf(Dog) === Animal);
const BoundDog = Dog.bind(null, 'bound');
const bd = new BoundDog();
console.log(bd instanceof BoundDog, bd instanceof Dog, bd.name, BoundDog.name, BoundDog.length, 'prototype' in BoundDog);
const orphan = Object.create(null);
console.log(orphan instanceof Object, Object.prototype.isPrototypeOf(orphan), typeof orphan);
const cat = { name: 'tom' };
Object.setPrototypeOf(cat, Animal.prototype);
console.log(cat instanceof Animal, cat.speak(), cat.constructor.name);
function Legacy(x) { if (!(this instanceof Legacy)) return new Legacy(x); this.x = x; }
Legacy.prototype.get = function () { return this.x; };
console.log(Legacy(5).get(), new Legacy(6).get(), Legacy(7) instanceof Legacy);
const Duck = { [Symbol.hasInstance]: (v) => typeof v?.quack === 'function' };
console.log({ quack() {} } instanceof Duck, {} instanceof Duck, null instanceof Duck);
try { ({}) instanceof {}; } catch (e) { console.log(e.constructor.name, e.message); }
try { ({}) instanceof (() => {}); } catch (e) { console.log(e.constructor.name, e.message); }
const arrowish = { prototype: Animal.prototype };
function Shape() {}
Shape.prototype = arrowish.prototype;
console.log(d instanceof Shape, Object.getPrototypeOf(Object.getPrototypeOf(d)) === Animal.prototype);
class Err2 extends Error { constructor(m) { super(m); this.name = 'Err2'; } }
const e2 = new Err2('custom');
console.log(e2 instanceof Err2, e2 instanceof Error, String(e2), Object.prototype.toString.call(e2), e2.stack.split('\n')[0]);
class MyPromise extends Promise {}
const mp = MyPromise.resolve(1).then((x) => x);
console.log(mp instanceof MyPromise, mp instanceof Promise, mp.constructor.name);
class Vec extends Array { sum() { return this.reduce((a, b) => a + b, 0); } }
const v = Vec.of(1, 2, 3);
const v2 = v.filter((x) => x > 1);
console.log(v instanceof Vec, v2 instanceof Vec, v2.sum(), Array.isArray(v2), v.length, JSON.stringify(v2));
const nums = [1, 2, 3];
Object.setPrototypeOf(nums, Vec.prototype);
console.log(nums.sum(), nums instanceof Vec, Array.isArray(nums));
console.log(typeof Dog, typeof d.speak, Dog.prototype.constructor === Dog, Object.getOwnPropertyNames(Dog.prototype));
console.log(Function instanceof Function, Object instanceof Function, Function instanceof Object, Symbol.hasInstance in Function.prototype);
