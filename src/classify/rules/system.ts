// PLACEHOLDER rule pack 'system': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "system",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
