// A form over the server's limits is not sent: the message shows above the form and what was
// typed stays on the page. The limits and the messages come from <body data-…> (base.html);
// the server answers the same on its own (config/limits.py) when this script does not run.
(function () {
  "use strict";
  var body = document.body;
  var limit = function (name) { return parseInt(body.dataset[name] || "0", 10) || 0; };
  var say = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
  };
  var size = function (bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"; }
    if (bytes >= 1024) { return Math.round(bytes / 1024) + " KB"; }
    return bytes + " B";
  };

  function problem(form, submitter) {
    var data;
    try { data = new FormData(form, submitter || undefined); } catch (e) { data = new FormData(form); }
    var multipart = (form.enctype || "").indexOf("multipart") === 0;
    var fields = 0, files = 0, text = 0, total = 0, encoder = new TextEncoder();
    data.forEach(function (value, name) {
      if (typeof value === "string") {
        fields += 1;
        var n = multipart ? encoder.encode(name + value).length
                          : (encodeURIComponent(name) + "=" + encodeURIComponent(value)).length + 1;
        text += n; total += n;
      } else if (value && value.size) {
        files += 1; total += value.size;
      }
    });
    if (limit("maxFields") && fields > limit("maxFields")) {
      return say(body.dataset.msgFields, {count: fields, max: limit("maxFields")});
    }
    if (limit("maxFiles") && files > limit("maxFiles")) {
      return say(body.dataset.msgFiles, {count: files, max: limit("maxFiles")});
    }
    if (limit("maxBody") && text > limit("maxBody")) {
      return say(body.dataset.msgBody, {size: size(text), max: size(limit("maxBody"))});
    }
    if (limit("maxRequest") && total > limit("maxRequest")) {
      return say(body.dataset.msgRequest, {size: size(total), max: size(limit("maxRequest"))});
    }
    return null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") { return; }
    var message = problem(form, event.submitter);
    var shown = form.querySelector("[data-testid=form-too-big]");
    if (!message) { if (shown) { shown.remove(); } return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!shown) {
      shown = document.createElement("div");
      shown.className = "alert alert-danger";
      shown.setAttribute("role", "alert");
      shown.setAttribute("data-testid", "form-too-big");
      form.prepend(shown);
    }
    shown.textContent = message;
    shown.scrollIntoView({block: "center"});
  }, true);
})();
