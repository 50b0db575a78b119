// Peer of `chorus sentiment` in the command-line benchmark: VADER's JavaScript port (npm vader-sentiment)
// over the same JSON lines, the same way: read {"id","text"} lines on stdin, write {"id","compound"} lines.
// Usage: node vader-lines.js PATH/TO/vader-sentiment < posts.jsonl > out.jsonl
'use strict';
const readline = require('readline');
const vader = require(process.argv[2]);

const analyzer = vader.SentimentIntensityAnalyzer;
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const out = [];
lines.on('line', (line) => {
  if (line.trim() === '') return;
  const post = JSON.parse(line);
  const scores = analyzer.polarity_scores(post.text);
  out.push(JSON.stringify({ id: post.id, compound: scores.compound }));
  if (out.length >= 1024) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  }
});
lines.on('close', () => {
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
});
