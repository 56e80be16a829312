// Render TextBlock texts as Web Chat does (botframework-webchat's renderMarkdown: markdown-it with HTML,
// linkify and typographer on). Input on stdin: ["text", ...]; output: ["html", ...].
"use strict";
const MarkdownIt = require("markdown-it");

const markdown = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true });
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map(text => markdown.render(text))));
