// Parse cards with Microsoft's adaptivecards library (the UMD bundle: its ES module entry does not
// resolve on node 20; parsing needs no DOM), at each card's declared version, and report every
// parse and validation event. Input on stdin: [{name, card}]; output: {name: ["event", ...]}.
"use strict";
const AC = require("adaptivecards/dist/adaptivecards.js");

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const result = {};
for (const { name, card: json } of input) {
  const events = [];
  const version = AC.Version.parse(json.version, new AC.SerializationContext());
  if (!version || !version.isValid) {
    result[name] = [`invalid version ${json.version}`];
    continue;
  }
  const context = new AC.SerializationContext(version);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`parse ${AC.ValidationEvent[e.event]} (${e.phase}): ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    events.push(`validate ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  result[name] = events;
}
process.stdout.write(JSON.stringify(result));
