const settings = { strict: true };
if (settings.strict) throw new Error('module refused to load');
module.exports = settings;
