// VADER's JavaScript port (npm vader-sentiment, MIT) on the project's evaluation texts, as the baseline of
// `bench/nlp.sh eval-sentiment`. Usage: node score.js <vader package folder> <tsv>... ; prints
// "text<TAB>compound" for each text (lines starting with '#' are headers; the text is the last column).
const fs = require('fs');
const path = require('path');
const vader = require(path.resolve(process.argv[2]));
const out = [];
for (const file of process.argv.slice(3)) {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split('\t');
    const text = fields[fields.length - 1];
    out.push(text + '\t' + vader.SentimentIntensityAnalyzer.polarity_scores(text).compound);
  }
}
process.stdout.write(out.join('\n') + '\n');
