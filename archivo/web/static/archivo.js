/* archivo — the portal's only script. Every page works without it; with it:
   - progress of background jobs refreshes by itself ([data-trabajo]); the whole page reloads when the job ends
     where its result changes the rest of the page ([data-recargar-al-terminar]);
   - search results follow what is typed ([data-busqueda-viva]);
   - forms are checked before sending, every problem beside its field ([data-validar]);
   - list and table fields gain rows without a round trip ([data-agregar-fila], [data-quitar-fila]);
   - persona fields suggest people of the padrón as one types ([data-persona]);
   - files and folders can be dropped on an upload area, with an upload progress bar ([data-soltar]);
   - destructive buttons ask first ([data-confirmar]);
   - the points of an orden del día can be dragged to a new place among their siblings ([data-arrastrar]);
   - each month marked in a PAT cronograma is saved at once ([data-cronograma]);
   - a risk's NR is shown as its probability and impact are chosen ([data-nr]).
   No inline script is needed (the Content-Security-Policy forbids them). */
(function () {
  "use strict";

  function $(sel, raiz) { return (raiz || document).querySelector(sel); }
  function $$(sel, raiz) { return Array.prototype.slice.call((raiz || document).querySelectorAll(sel)); }
  function csrf() { var c = $('input[name="_csrf"]'); return c ? c.value : ""; }

  function pedir(url, opciones) {
    opciones = opciones || {};
    opciones.headers = Object.assign({ "X-Fragmento": "1" }, opciones.headers || {});
    opciones.credentials = "same-origin";
    return fetch(url, opciones).then(function (r) {
      if (r.status === 401) { window.location.href = "/entrar?siguiente=" + encodeURIComponent(location.pathname + location.search); throw new Error("sesión"); }
      return r;
    });
  }

  /* --- errors summary: move focus there so a screen reader reads it first -------------------------- */
  var resumen = $("#resumen-errores");
  if (resumen) { resumen.focus(); }

  /* --- confirmations: bound once, by enlazar() below (also for fragments loaded later) ---------------- */

  /* --- background jobs: refresh the progress fragment until the job ends --------------------------- */
  $$("[data-trabajo]").forEach(function (caja) {
    var url = caja.getAttribute("data-trabajo");
    function refrescar() {
      pedir(url).then(function (r) { return r.text(); }).then(function (html) {
        caja.innerHTML = html;
        var interno = caja.querySelector("[data-activo]");
        if (interno && interno.getAttribute("data-activo") === "1") { setTimeout(refrescar, 1000); }
        else if (caja.hasAttribute("data-recargar-al-terminar")) { window.location.reload(); }
        else { enlazar(caja); }
      }).catch(function () { setTimeout(refrescar, 3000); });
    }
    if (caja.getAttribute("data-activo") === "1") { setTimeout(refrescar, 700); }
  });

  /* --- live search: the results part of the same page, fetched as one types ----------------------- */
  $$("[data-busqueda-viva]").forEach(function (entrada) {
    var formulario = entrada.form;
    var destino = $(entrada.getAttribute("data-busqueda-viva"));
    var espera = null, ultima = null;
    function buscar() {
      var datos = new URLSearchParams(new FormData(formulario));
      datos.delete("pagina");
      var consulta = datos.toString();
      if (consulta === ultima) { return; }
      ultima = consulta;
      var url = formulario.getAttribute("action") + "?" + consulta;
      pedir(url).then(function (r) { return r.text(); }).then(function (html) {
        if (consulta !== ultima) { return; }
        destino.innerHTML = html;
        history.replaceState(null, "", url);
      }).catch(function () {});
    }
    entrada.addEventListener("input", function () {
      clearTimeout(espera);
      espera = setTimeout(buscar, 250);
    });
    $$("select, input[type=date], input[type=checkbox]", formulario).forEach(function (c) {
      c.addEventListener("change", buscar);
    });
  });

  /* --- client-side checks: the same kind the server makes, all problems at once --------------------- */
  var FECHA = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})$/;
  var NUMERO = /^-?[\d.,\s$]+$/;

  function nombreCampo(c) {
    var etiqueta = c.id ? $('label[for="' + c.id + '"]') : null;
    return etiqueta ? etiqueta.textContent.replace("(obligatorio)", "").trim() : (c.name || "campo");
  }

  function quitarErroresCliente(formulario) {
    $$(".error-cliente", formulario).forEach(function (p) { p.remove(); });
    $$(".con-error-cliente", formulario).forEach(function (d) { d.classList.remove("con-error", "con-error-cliente"); });
    var r = $(".resumen-cliente", formulario);
    if (r) { r.remove(); }
  }

  function marcar(c, texto, problemas) {
    var caja = c.closest(".campo") || c.parentNode;
    var p = document.createElement("p");
    p.className = "error error-cliente";
    p.id = (c.id || c.name) + "-error-cliente";
    p.textContent = texto.charAt(0).toUpperCase() + texto.slice(1);
    caja.classList.add("con-error", "con-error-cliente");
    c.insertAdjacentElement("beforebegin", p);
    c.setAttribute("aria-invalid", "true");
    problemas.push({ campo: c, texto: nombreCampo(c) + ": " + texto });
  }

  $$("form[data-validar]").forEach(function (formulario) {
    formulario.addEventListener("submit", function (e) {
      var boton = e.submitter;
      if (boton && boton.hasAttribute("formnovalidate")) { return; }
      quitarErroresCliente(formulario);
      var problemas = [];
      $$("input, select, textarea", formulario).forEach(function (c) {
        if (c.type === "hidden" || c.disabled || c.closest("template")) { return; }
        var valor = (c.value || "").trim();
        if (c.hasAttribute("data-requerido") && !valor && c.type !== "file") {
          marcar(c, "es obligatorio: escríbalo antes de enviar.", problemas);
        } else if (valor && c.getAttribute("data-tipo") === "fecha" && !FECHA.test(valor)) {
          marcar(c, "no es una fecha; escríbala como 17/06/2024.", problemas);
        } else if (valor && c.getAttribute("data-tipo") === "numero" && !NUMERO.test(valor)) {
          marcar(c, "no es un número; use cifras, p. ej. 1500.50.", problemas);
        }
      });
      if (problemas.length) {
        e.preventDefault();
        var caja = document.createElement("div");
        caja.className = "resumen-errores resumen-cliente";
        caja.setAttribute("role", "alert");
        caja.tabIndex = -1;
        var h = document.createElement("h2");
        h.textContent = problemas.length === 1 ? "Hay un problema en el formulario" : "Hay " + problemas.length + " problemas en el formulario";
        caja.appendChild(h);
        var ul = document.createElement("ul");
        problemas.forEach(function (pr) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "#" + pr.campo.id;
          a.textContent = pr.texto;
          li.appendChild(a);
          ul.appendChild(li);
        });
        caja.appendChild(ul);
        formulario.insertBefore(caja, formulario.firstChild);
        caja.focus();
      }
    });
  });

  /* --- rows of list and table fields ------------------------------------------------------------------- */
  function renumerar(contenedor) {
    var nombre = contenedor.getAttribute("data-filas");
    $$("[data-fila]", contenedor).forEach(function (fila, i) {
      $$("input, textarea, select", fila).forEach(function (c) {
        c.name = c.name.replace(new RegExp("^" + nombre + "\\.\\d+"), nombre + "." + i);
        if (c.id) { c.id = c.id.replace(/\.\d+(\.|$)/, "." + i + "$1"); }
      });
      $$("label", fila).forEach(function (l) {
        var f = l.getAttribute("for");
        if (f) { l.setAttribute("for", f.replace(/\.\d+(\.|$)/, "." + i + "$1")); }
      });
    });
  }

  function enlazar(raiz) {
    $$("[data-agregar-fila]", raiz).forEach(function (boton) {
      if (boton.dataset.enlazado) { return; }
      boton.dataset.enlazado = "1";
      boton.addEventListener("click", function (e) {
        var nombre = boton.getAttribute("data-agregar-fila");
        var contenedor = $('[data-filas="' + nombre + '"]');
        var molde = $('template[data-molde="' + nombre + '"]');
        if (!contenedor || !molde) { return; }
        e.preventDefault();
        var nueva = molde.content.firstElementChild.cloneNode(true);
        contenedor.appendChild(nueva);
        renumerar(contenedor);
        enlazar(nueva);
        var primero = $("input, textarea, select", nueva);
        if (primero) { primero.focus(); }
      });
    });
    $$("[data-quitar-fila]", raiz).forEach(function (boton) {
      if (boton.dataset.enlazado) { return; }
      boton.dataset.enlazado = "1";
      boton.addEventListener("click", function (e) {
        var fila = boton.closest("[data-fila]");
        var contenedor = fila && fila.parentNode;
        if (!fila) { return; }
        e.preventDefault();
        fila.remove();
        renumerar(contenedor);
      });
    });
    $$("form[data-confirmar]", raiz).forEach(function (f) {
      if (f.dataset.enlazado) { return; }
      f.dataset.enlazado = "1";
      f.addEventListener("submit", function (e) {
        if (!window.confirm(f.getAttribute("data-confirmar"))) { e.preventDefault(); }
      });
    });
  }
  enlazar(document);

  /* --- persona picker: suggestions from the padrón --------------------------------------------------- */
  $$("input[data-persona]").forEach(function (entrada) {
    var lista = document.createElement("datalist");
    lista.id = entrada.id + "-personas";
    entrada.setAttribute("list", lista.id);
    entrada.setAttribute("autocomplete", "off");
    entrada.insertAdjacentElement("afterend", lista);
    var descripcion = document.createElement("p");
    descripcion.className = "ayuda persona-elegida";
    descripcion.setAttribute("aria-live", "polite");
    lista.insertAdjacentElement("afterend", descripcion);
    var espera = null;
    function describir(personas) {
      var v = entrada.value.trim().toUpperCase();
      var p = (personas || []).filter(function (x) { return x.clave.toUpperCase() === v; })[0];
      descripcion.textContent = p ? p.nombre + " — " + p.cargo + " (" + p.adscripcion + ")" : "";
    }
    entrada.addEventListener("input", function () {
      clearTimeout(espera);
      var q = entrada.value.trim();
      if (q.length < 2) { return; }
      espera = setTimeout(function () {
        pedir("/personal/buscar?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (personas) {
            lista.innerHTML = "";
            personas.forEach(function (p) {
              var o = document.createElement("option");
              o.value = p.clave;
              o.textContent = p.nombre + " — " + p.adscripcion;
              lista.appendChild(o);
            });
            describir(personas);
          }).catch(function () {});
      }, 200);
    });
  });

  /* --- drop zone: files and whole folders, uploaded with a progress bar ------------------------------ */
  function leerEntrada(entrada, ruta, salida) {
    return new Promise(function (listo) {
      if (entrada.isFile) {
        entrada.file(function (f) { salida.push({ archivo: f, ruta: ruta + f.name }); listo(); }, function () { listo(); });
      } else if (entrada.isDirectory) {
        var lector = entrada.createReader();
        var todas = [];
        (function leer() {
          lector.readEntries(function (lote) {
            if (!lote.length) {
              Promise.all(todas.map(function (e) { return leerEntrada(e, ruta + entrada.name + "/", salida); })).then(listo);
            } else { todas = todas.concat(Array.prototype.slice.call(lote)); leer(); }
          }, function () { listo(); });
        })();
      } else { listo(); }
    });
  }

  $$("[data-soltar]").forEach(function (zona) {
    var formulario = zona.closest("form");
    var entradas = $$('input[type="file"]', zona);
    var nombre = entradas.length ? entradas[0].name : "archivos";
    var lista = $(".lista-archivos", zona);
    var elegidos = null;  // files dropped (with their folder path) instead of chosen with the inputs
    var barra = $("progress", formulario);

    function deEntradas() {
      var salida = [];
      entradas.forEach(function (e) {
        Array.prototype.forEach.call(e.files, function (f) { salida.push({ archivo: f, ruta: f.webkitRelativePath || f.name }); });
      });
      return salida;
    }

    function mostrar(archivos) {
      if (!lista) { return; }
      lista.innerHTML = "";
      var p = document.createElement("p");
      p.textContent = archivos.length === 1 ? "1 archivo listo para enviar:" : archivos.length + " archivos listos para enviar:";
      lista.appendChild(p);
      var ul = document.createElement("ul");
      archivos.slice(0, 200).forEach(function (a) {
        var li = document.createElement("li");
        li.textContent = a.ruta;
        ul.appendChild(li);
      });
      lista.appendChild(ul);
    }

    ["dragenter", "dragover"].forEach(function (ev) {
      zona.addEventListener(ev, function (e) { e.preventDefault(); zona.classList.add("encima"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zona.addEventListener(ev, function () { zona.classList.remove("encima"); });
    });
    zona.addEventListener("drop", function (e) {
      e.preventDefault();
      var items = e.dataTransfer.items;
      var salida = [];
      var esperas = [];
      if (items && items.length && items[0].webkitGetAsEntry) {
        Array.prototype.forEach.call(items, function (it) {
          var en = it.webkitGetAsEntry();
          if (en) { esperas.push(leerEntrada(en, "", salida)); }
        });
      } else {
        Array.prototype.forEach.call(e.dataTransfer.files, function (f) { salida.push({ archivo: f, ruta: f.name }); });
      }
      Promise.all(esperas).then(function () { elegidos = salida; mostrar(salida); });
    });
    entradas.forEach(function (e) {
      e.addEventListener("change", function () { elegidos = null; mostrar(deEntradas()); });
    });

    formulario.addEventListener("submit", function (e) {
      e.preventDefault();
      var datos = new FormData(formulario);
      datos.delete(nombre);
      (elegidos || deEntradas()).forEach(function (a) { datos.append(nombre, a.archivo, a.ruta); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", formulario.getAttribute("action"));
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      if (barra) {
        barra.hidden = false;
        xhr.upload.addEventListener("progress", function (ev) {
          if (ev.lengthComputable) { barra.max = ev.total; barra.value = ev.loaded; }
        });
      }
      var boton = $('button[type="submit"]', formulario);
      if (boton) { boton.disabled = true; boton.textContent = "Enviando…"; }
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== window.location.href) {
          window.location.href = xhr.responseURL;
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      });
      xhr.addEventListener("error", function () {
        if (boton) { boton.disabled = false; boton.textContent = "Enviar de nuevo"; }
        window.alert("No se pudo enviar: revise la conexión con el servidor e intente de nuevo.");
      });
      xhr.send(datos);
    });
  });
  /* --- orden del día: drag a point to a new place among its siblings ([data-arrastrar]) -------------
     The buttons (↑ ↓) do the same without JavaScript; this only sends the new position. */
  function enviarYRecargar(url, datos) {
    fetch(url, { method: "POST", body: datos, credentials: "same-origin", redirect: "manual",
                 headers: { "X-CSRF-Token": csrf() } })
      .then(function (r) {
        if (r.type === "opaqueredirect" || r.ok && r.redirected) { window.location.reload(); return null; }
        return r.text();
      })
      .then(function (html) { if (html) { document.open(); document.write(html); document.close(); } })
      .catch(function () { window.alert("No se pudo guardar el cambio: revise la conexión con el servidor."); });
  }

  $$("ol[data-arrastrar]").forEach(function (lista) {
    var arrastrado = null;
    function hijos() {
      return Array.prototype.filter.call(lista.children, function (li) { return li.hasAttribute("data-mover"); });
    }
    function limpiar() {
      hijos().forEach(function (x) { x.classList.remove("destino-antes", "destino-despues"); });
    }
    hijos().forEach(function (li) {
      li.addEventListener("dragstart", function (e) {
        if (e.target !== li) { return; }
        e.stopPropagation();
        arrastrado = li;
        li.classList.add("arrastrando");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", li.id);
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("arrastrando");
        limpiar();
        arrastrado = null;
      });
      li.addEventListener("dragover", function (e) {
        if (!arrastrado || arrastrado === li) { return; }
        e.preventDefault();
        e.stopPropagation();
        var caja = li.getBoundingClientRect();
        limpiar();
        li.classList.add(e.clientY < caja.top + caja.height / 2 ? "destino-antes" : "destino-despues");
      });
      li.addEventListener("drop", function (e) {
        if (!arrastrado || arrastrado === li) { return; }
        e.preventDefault();
        e.stopPropagation();
        var orden = hijos();
        var desde = orden.indexOf(arrastrado);
        var posicion = orden.indexOf(li) + (li.classList.contains("destino-antes") ? 0 : 1);
        if (desde < posicion) { posicion -= 1; }
        limpiar();
        if (posicion === desde) { return; }
        var datos = new FormData();
        datos.append("posicion", String(posicion + 1));
        enviarYRecargar(arrastrado.getAttribute("data-mover"), datos);
      });
    });
  });
  /* --- PAT cronograma: each month clicked is saved at once ([data-cronograma]); the button saves without JS ---- */
  $$("form[data-cronograma]").forEach(function (formulario) {
    var estado = $(".estado-guardado", formulario);
    function avisar(texto, problema) {
      if (!estado) { return; }
      estado.textContent = texto;
      estado.classList.toggle("con-problema", !!problema);
    }
    $$("input[type=checkbox]", formulario).forEach(function (casilla) {
      casilla.addEventListener("change", function () {
        var fila = casilla.closest("tr[data-actividad]");
        if (!fila) { return; }
        var id = fila.getAttribute("data-actividad");
        var datos = new FormData();
        datos.append("_csrf", csrf());
        datos.append("actividades", id);
        $$("input[type=checkbox]", fila).forEach(function (c) { if (c.checked) { datos.append("meses_" + id, c.value); } });
        avisar("Guardando…", false);
        fetch(formulario.getAttribute("action"), { method: "POST", body: datos, credentials: "same-origin",
                                                    headers: { "Accept": "application/json" } })
          .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
          .then(function (x) {
            if (x.ok) { avisar("Guardado.", false); return; }
            casilla.checked = !casilla.checked;
            var p = (x.j.problemas || [])[0];
            avisar(p ? p.lugar + ": " + p.mensaje + (p.sugerencia ? " (" + p.sugerencia + ")" : "") : (x.j.error || "No se guardó."), true);
          })
          .catch(function () { casilla.checked = !casilla.checked; avisar("No se guardó: revise la conexión con el servidor.", true); });
      });
    });
  });
  /* --- risks: NR = probabilidad × impacto shown as the two are chosen ([data-nr]); the server computes it too -- */
  $$("output[data-nr]").forEach(function (salida) {
    var prob = document.getElementById(salida.getAttribute("data-probabilidad"));
    var imp = document.getElementById(salida.getAttribute("data-impacto"));
    if (!prob || !imp) { return; }
    var NOMBRES = { "3": "ALTO", "2": "MEDIO", "1": "BAJO" };
    function calcular() {
      var p = parseInt(prob.value, 10), i = parseInt(imp.value, 10);
      salida.classList.remove("nr", "nr-alto", "nr-medio", "nr-bajo");
      if (!p || !i) { salida.textContent = "NR = probabilidad × impacto: elija los dos."; return; }
      var nr = p * i;
      var banda = nr >= 6 ? "ALTO" : (nr >= 3 ? "MEDIO" : "BAJO");
      salida.textContent = "NR = " + NOMBRES[String(p)] + " (" + p + ") × " + NOMBRES[String(i)] + " (" + i + ") = " + nr + " · " + banda;
      salida.classList.add("nr", "nr-" + banda.toLowerCase());
    }
    prob.addEventListener("change", calcular);
    imp.addEventListener("change", calcular);
    calcular();
  });
})();
