"use strict";

// Select the whole value of a field marked data-select-on-focus when it gets
// the focus, ready to copy (the embargo preview link's address).
document.querySelectorAll("[data-select-on-focus]").forEach((field) => {
  field.addEventListener("focus", () => field.select());
});
