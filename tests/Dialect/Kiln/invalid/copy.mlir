// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Tests that a copy names its destination as a placed device, not as the
// string a graph requests devices with.
func.func @device_string(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.copy' op attribute 'device' failed to satisfy constraint: the device an op runs on}}
  %0 = kiln.copy %x {device = "/gpu:0"} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @missing_device(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.copy' op requires attribute 'device'}}
  %0 = kiln.copy %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
