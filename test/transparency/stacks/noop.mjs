// The plain runs' --import: under any --import Node 20 runs a CommonJS entry through the ES module
// loader, whose frames are then below the program's, with the detector or without it.
