package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Pod Security levels refuse pods as the API server does, in its words. */
class PodSecurityAdmissionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static JsonNode namespace(String level) throws Exception {
    return json("{'metadata':{'name':'ns','labels':{'pod-security.kubernetes.io/enforce':'" + level + "'}}}");
  }

  private static final String PLAIN = "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'app','image':'x'}]}}";
  private static final String HARDENED = "{'metadata':{'name':'p'},'spec':{'securityContext':{'runAsNonRoot':true,"
      + "'seccompProfile':{'type':'RuntimeDefault'}},'volumes':[{'name':'d','persistentVolumeClaim':{'claimName':'c'}}],"
      + "'containers':[{'name':'app','securityContext':{'allowPrivilegeEscalation':false,"
      + "'capabilities':{'drop':['ALL']}}}]}}";

  @Test
  void restrictedNamesEveryMissingSettingAsTheServerDoes() throws Exception {
    assertEquals("pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"
        + " (container \"app\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities"
        + " (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or"
        + " container \"app\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"app\""
        + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
        PodSecurityAdmission.refusal(json(PLAIN), namespace("restricted")));
    assertNull(PodSecurityAdmission.refusal(json(HARDENED), namespace("restricted")));
    assertNull(PodSecurityAdmission.refusal(json(PLAIN), namespace("baseline")), "baseline allows a plain pod");
    assertNull(PodSecurityAdmission.refusal(json(PLAIN), json("{'metadata':{'name':'ns'}}")), "no label: privileged");
  }

  @Test
  void baselineRefusesWhatReadsOtherFilesOrTheHost() throws Exception {
    JsonNode mover = json("{'metadata':{'name':'mover'},'spec':{'volumes':[{'name':'h','hostPath':{'path':'/'}}],"
        + "'containers':[{'name':'c','securityContext':{'capabilities':{'add':['DAC_READ_SEARCH','CHOWN']}}}]}}");
    assertEquals("pods \"mover\" is forbidden: violates PodSecurity \"baseline:latest\": hostPath volumes (volume \"h\"),"
        + " non-default capabilities (container \"c\" must not include \"DAC_READ_SEARCH\" in"
        + " securityContext.capabilities.add)", PodSecurityAdmission.refusal(mover, namespace("baseline")));
  }
}
