function boom() { throw new Error('thrown by a module as it loads'); }
boom();
