'use strict';
let hits = 0;
let state = 'initial';
Object.defineProperty(exports, 'hits', { enumerable: true, get() { return ++hits; } });
exports.setState = (s) => { state = s; };
Object.defineProperty(exports, 'state', { enumerable: true, get: () => state });
exports.loadedAt = module.id === '.' ? 'main' : 'dependency';
exports.self = () => module.exports === exports;
