// Built-ins the detector calls while the program runs, taken when the detector loads: a program may
// replace them later (`Reflect.apply = ...`, a mock), and a wrapper the detector put around a write or
// an emit must neither call the program's replacement nor fail because of it.

export const apply = Reflect.apply;
