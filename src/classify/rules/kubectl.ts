// PLACEHOLDER rule pack 'kubectl': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "kubectl",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
