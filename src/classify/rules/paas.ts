// PLACEHOLDER rule pack 'paas': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "paas",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
