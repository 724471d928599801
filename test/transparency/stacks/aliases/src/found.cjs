module.exports = 'found through an alias';
