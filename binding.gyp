{
  "variables": {
    "chainrule_common_cflags": ["-O3", "-std=c++17", "-fno-math-errno", "-Wall", "-Wextra"]
  },
  "target_defaults": {
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++1y", "-std=gnu++14"],
    "cflags_cc": ["<@(chainrule_common_cflags)", "-fexceptions"],
    "cflags!": ["-fno-exceptions"],
    "xcode_settings": {
      "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "OTHER_CPLUSPLUSFLAGS": ["-O3", "-fno-math-errno"]
    },
    "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
  },
  "targets": [
    {
      "target_name": "chainrule_kernels_generic",
      "type": "static_library",
      "sources": [
        "native/kernels/isa_generic.cc", "native/kernels/dispatch.cc", "native/kernels/dense.cc",
        "native/kernels/gemm/gemm.cc", "native/kernels/threads.cc", "native/kernels/softmax.cc",
        "native/kernels/optim.cc", "native/kernels/probe.cc"
      ]
    },
    {
      "target_name": "chainrule_kernels_avx2",
      "type": "static_library",
      "sources": ["native/kernels/isa_avx2.cc"],
      "conditions": [
        ["target_arch=='x64'", { "cflags_cc": ["-mavx2", "-mfma"], "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-mavx2", "-mfma"] } }]
      ]
    },
    {
      "target_name": "chainrule_kernels_avx512",
      "type": "static_library",
      "sources": ["native/kernels/isa_avx512.cc"],
      "conditions": [
        ["target_arch=='x64'", {
          "cflags_cc": ["-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mavx2", "-mfma"],
          "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-mavx512f", "-mavx512dq", "-mavx512bw", "-mavx512vl", "-mavx2", "-mfma"] }
        }]
      ]
    },
    {
      "target_name": "chainrule",
      "sources": ["native/addon.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "dependencies": ["chainrule_kernels_generic", "chainrule_kernels_avx2", "chainrule_kernels_avx512"],
      "libraries": ["-pthread"]
    }
  ]
}
