// PLACEHOLDER rule pack 'docker': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "docker",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
