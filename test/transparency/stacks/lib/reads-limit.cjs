console.log(`required ${Error.stackTraceLimit}`);
