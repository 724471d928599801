function greet(name) { return `hello ${name}`; }
greet.version = 2;
greet.shout = (name) => greet(name).toUpperCase();
module.exports = greet;
module.exports.later = 'assigned after';
