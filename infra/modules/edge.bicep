// The platform's only public entry point: Azure Front Door Premium with a WAF policy in
// Prevention mode, reaching the cluster's API gateway over Private Link. No origin is public.
//
// The origin is the Private Link Service that Kubernetes creates for the gateway Service (its
// `service.beta.kubernetes.io/azure-pls-create: "true"` annotation, see infra/cluster/), in the
// AKS node resource group. It does not exist until the cluster and the gateway are running, so
// main.bicep deploys this module in a second pass (deployFrontDoor = true).
//
// AFTER THAT DEPLOYMENT the Front Door private endpoint connection waits, Pending, on the
// Private Link Service and must be approved (Front Door's endpoint lives in a Microsoft
// subscription, so auto-approval cannot list it):
//   az network private-endpoint-connection list --id <PRIVATE_LINK_SERVICE_ID>
//   az network private-endpoint-connection approve --id <connection id> --description "Front Door"
// Until then no request reaches the gateway.

@description('Azure region of the Private Link Service (the cluster\'s region).')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Front Door profile.')
param profileName string

@description('Name of the Front Door endpoint (its host name gets a random suffix).')
param endpointName string

@description('Name of the WAF policy (letters and digits only).')
param wafPolicyName string

@description('Requests per minute one client IP may send before the WAF blocks it.')
param rateLimitPerMinute int

@description('Resource ID of the gateway\'s Private Link Service.')
param privateLinkServiceId string

@description('Private address of the gateway\'s internal load balancer (the origin host).')
param gatewayInternalIp string

@description('Log Analytics workspace for WAF logs.')
param logAnalyticsWorkspaceId string

var originGroupName = 'og-gateway'

// 0.3.3: latest release; managedRules/customRules/policySettings and the Premium sku as read in
// its main.bicep at that tag (managed rule sets apply only with Premium_AzureFrontDoor).
module wafPolicy 'br/public:avm/res/network/front-door-web-application-firewall-policy:0.3.3' = {
  name: 'platform-waf-policy'
  params: {
    name: wafPolicyName
    location: 'global'
    tags: tags
    sku: 'Premium_AzureFrontDoor'
    policySettings: {
      enabledState: 'Enabled'
      mode: 'Prevention'
      requestBodyCheck: 'Enabled'
    }
    managedRules: {
      managedRuleSets: [
        {
          ruleSetType: 'Microsoft_DefaultRuleSet'
          ruleSetVersion: '2.1'
          ruleSetAction: 'Block'
        }
        {
          ruleSetType: 'Microsoft_BotManagerRuleSet'
          ruleSetVersion: '1.1'
        }
      ]
    }
    customRules: {
      rules: [
        {
          // Per client IP, every path: blunts credential stuffing and scraping of the catalogue
          // before it reaches the cluster.
          name: 'RateLimitPerClientIp'
          priority: 100
          enabledState: 'Enabled'
          ruleType: 'RateLimitRule'
          action: 'Block'
          rateLimitDurationInMinutes: 1
          rateLimitThreshold: rateLimitPerMinute
          matchConditions: [
            {
              matchVariable: 'RemoteAddr'
              operator: 'IPMatch'
              negateCondition: false
              matchValue: [
                '0.0.0.0/0'
                '::/0'
              ]
            }
          ]
        }
      ]
    }
  }
}

// 0.20.0: latest release; originGroups[].origins[].sharedPrivateLinkResource, afdEndpoints[].routes
// and securityPolicies as read in its main.bicep and child modules at that tag.
module frontDoor 'br/public:avm/res/cdn/profile:0.20.0' = {
  name: 'platform-front-door'
  params: {
    name: profileName
    location: 'global'
    tags: tags
    sku: 'Premium_AzureFrontDoor'
    originGroups: [
      {
        name: originGroupName
        loadBalancingSettings: {
          sampleSize: 4
          successfulSamplesRequired: 3
          additionalLatencyInMilliseconds: 50
        }
        // No healthProbeSettings: with a single origin there is nothing to fail over to, so
        // probes would only add traffic (Front Door's own guidance).
        sessionAffinityState: 'Disabled'
        origins: [
          {
            name: 'gateway'
            hostName: gatewayInternalIp
            httpPort: 80
            httpsPort: 443
            priority: 1
            weight: 1000
            // The hop runs only over Private Link, and the gateway's certificate is issued for
            // the shop's host names, not for this private address.
            enforceCertificateNameCheck: false
            sharedPrivateLinkResource: {
              privateLink: {
                id: privateLinkServiceId
              }
              privateLinkLocation: location
              requestMessage: 'Azure Front Door (commerce platform edge)'
            }
          }
        ]
      }
    ]
    afdEndpoints: [
      {
        name: endpointName
        tags: tags
        routes: [
          {
            name: 'all-to-gateway'
            originGroupName: originGroupName
            patternsToMatch: [
              '/*'
            ]
            supportedProtocols: [
              'Http'
              'Https'
            ]
            httpsRedirect: 'Enabled'
            // TLS ends here; the hop to the gateway runs only over Private Link to an internal load
            // balancer, and the gateway listens on HTTP 80 (infra/cluster/gateway/gateway.yaml).
            forwardingProtocol: 'HttpOnly'
            linkToDefaultDomain: 'Enabled'
            // No cacheConfiguration: API responses are per customer; nothing is cached at the edge.
          }
        ]
      }
    ]
    securityPolicies: [
      {
        name: 'waf'
        wafPolicyResourceId: wafPolicy.outputs.resourceId
        associations: [
          {
            domains: [
              {
                id: resourceId('Microsoft.Cdn/profiles/afdEndpoints', profileName, endpointName)
              }
            ]
            patternsToMatch: [
              '/*'
            ]
          }
        ]
      }
    ]
    // WAF decisions only: access logs at commerce volume would eat the workspace's daily cap.
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalyticsWorkspaceId
        logCategoriesAndGroups: [
          {
            category: 'FrontDoorWebApplicationFirewallLog'
          }
        ]
      }
    ]
  }
}

@description('Host name of the Front Door endpoint (<name>-<hash>.z01.azurefd.net).')
output endpointHostName string = frontDoor.outputs.frontDoorEndpointHostNames[0]
