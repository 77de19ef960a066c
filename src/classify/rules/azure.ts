// PLACEHOLDER rule pack 'azure': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "azure",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
